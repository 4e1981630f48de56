"""The plain-text table that `statemint eval` prints."""

from __future__ import annotations

from typing import Any


def format_evaluation(result: dict[str, Any]) -> str:
    """The plain-text table of `statemint eval`."""
    lines = [f"{result['documents']} gold document{'s' if result['documents'] != 1 else ''}; quotes match when "
             f"{result['overlap_rule']}", ""]
    header = f"{'quotes':<22} {'gold':>5} {'found':>6} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}  {'speaker acc.':>16}"
    lines += [header, "-" * len(header)]

    def row(name: str, scores: dict[str, Any]) -> str:
        speaker = f"{scores['speaker_accuracy']:.3f} ({scores['speaker_correct']}/{scores['speaker_total']})"
        return (f"{name:<22} {scores['tp'] + scores['fn']:>5} {scores['tp'] + scores['fp']:>6} {scores['tp']:>5} "
                f"{scores['precision']:>6.3f} {scores['recall']:>6.3f} {scores['f1']:>6.3f}  {speaker:>16}")

    lines.append(row("+".join(result["quotes"]["kinds"]), result["quotes"]))
    if len(result["quotes_by_kind"]) > 1:
        for kind, scores in result["quotes_by_kind"].items():
            lines.append(row(f"  {kind}", scores))
    stance = result.get("stance")
    if stance:
        lines += ["", f"stance: {stance['pairs']} gold holder × party pairs, statemint has a stance for {stance['found']}",
                  f"{'':<22} {'accuracy':>9} {'macro-F1':>9}",
                  f"{'5 labels':<22} {stance['accuracy']:>9.3f} {stance['macro_f1']:>9.3f}",
                  f"{'3 classes (−/0/+)':<22} {stance['accuracy_3']:>9.3f} {stance['macro_f1_3']:>9.3f}", "",
                  f"{'label':<22} {'gold':>5} {'pred.':>6} {'correct':>8} {'accuracy':>9} {'P':>6} {'F1':>6}"]
        for position, labels in enumerate((stance["labels"], stance["labels_3"])):
            if position:
                lines.append("")
            for label, scores in labels.items():
                if scores["gold"] or scores["predicted"]:
                    lines.append(f"{label:<22} {scores['gold']:>5} {scores['predicted']:>6} {scores['correct']:>8} "
                                 f"{scores['accuracy']:>9.3f} {scores['precision']:>6.3f} {scores['f1']:>6.3f}")
    return "\n".join(lines) + "\n"


