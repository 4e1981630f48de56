"""The plain-text table that `statemint eval` prints."""

from __future__ import annotations

from typing import Any


def format_evaluation(result: dict[str, Any]) -> str:
    """The plain-text table of `statemint eval`."""
    lines = [f"{result['documents']} gold document{'s' if result['documents'] != 1 else ''}; quotes match when "
             f"{result['overlap_rule']}", ""]
    header = f"{'quotes':<26} {'gold':>5} {'found':>6} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}  {'speaker acc.':>16}"
    lines += [header, "-" * len(header)]

    def row(name: str, scores: dict[str, Any]) -> str:
        speaker = f"{scores['speaker_accuracy']:.3f} ({scores['speaker_correct']}/{scores['speaker_total']})"
        return (f"{name:<26} {scores['tp'] + scores['fn']:>5} {scores['tp'] + scores['fp']:>6} {scores['tp']:>5} "
                f"{scores['precision']:>6.3f} {scores['recall']:>6.3f} {scores['f1']:>6.3f}  {speaker:>16}")

    lines.append(row("+".join(result["quotes"]["kinds"]), result["quotes"]))
    if len(result["quotes_by_kind"]) > 1:
        for kind, scores in result["quotes_by_kind"].items():
            lines.append(row(f"  {kind}", scores))
    attributed = result.get("attributed_quotes")
    if attributed:
        scare = attributed.get("unattributed_scare", {"predicted": 0, "in_gold": 0})
        lines += ["", "quotes per gold attribution (its pieces are one item; a piece inside it is no false positive;",
                  "scare quotes without a speaker claim no attribution and are counted apart)",
                  header, "-" * len(header), row("+".join(result["quotes"]["kinds"]), attributed),
                  f"  scare quotes without a speaker, left out: {scare['predicted']} "
                  f"({scare['in_gold']} of them inside a gold attribution)"]
        lines += [f"  speaker, gold source a {kind:<12} {scores['accuracy']:.3f} ({scores['correct']}/{scores['total']})"
                  for kind, scores in attributed["speaker_by_mention"].items()]
    statements = result.get("statements")
    if statements:
        lines += ["", "statements (direct, partial, indirect) against every gold attribution "
                  "(found: overlap >= half of each)",
                  f"  found {statements['recall']:.3f} ({statements['found']}/{statements['gold']}); "
                  f"right source {statements['source_accuracy']:.3f} ({statements['source_correct']}/{statements['source_total']}); "
                  f"precision {statements['precision']:.3f} ({statements['predicted_correct']}/{statements['predicted']})"]
        lines += [f"  found, {key:<10} {scores['recall']:.3f} ({scores['found']}/{scores['gold']})"
                  for key, scores in statements["by_quoted"].items()]
        lines += [f"  source, gold a {kind:<12} {scores['accuracy']:.3f} ({scores['correct']}/{scores['total']})"
                  for kind, scores in statements["source_by_mention"].items()]
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


