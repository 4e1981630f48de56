"""Scoring per gold attribution (issue 13): pieces of one attribution are one item; statements against
every attribution; source matching by offsets, text or surname. No model needed."""

from statemint.eval.brat import brat_attributions, brat_quotes, parse_ann
from statemint.eval.gold import GoldDocument
from statemint.eval.attributions import score_attributed_quotes, score_statements
from statemint.eval.scoring import mention_type, source_matches

TEXT = '"We will win," Rep. John Mica (R-Fla.) said, "and soon." Officials said the talks had failed.'
ANN = "\n".join([
    "T1\tSource 15 38\tRep. John Mica (R-Fla.)",
    "T2\tCue 39 43\tsaid",
    "T3\tContent 0 13;45 56\t\"We will win,\" ... \"and soon.\"",
    "E1\tAttribution:T2 Source:T1 Content:T3",
    "T4\tSource 57 66\tOfficials",
    "T5\tCue 67 71\tsaid",
    "T6\tContent 72 93\tthe talks had failed.",
    "E2\tAttribution:T5 Source:T4 Content:T6",
])


def gold_document() -> GoldDocument:
    annotation = parse_ann(ANN, TEXT)
    quotes, _ = brat_quotes(annotation, TEXT, "d.txt")
    return GoldDocument("d.txt", TEXT, tuple(quotes), attributions=tuple(brat_attributions(annotation, TEXT, "d.txt")))


def speaker(name, start, end):
    return {"name": name, "mention": {"text": TEXT[start:end], "start": start, "end": end}}


def quote(start, end, who=None):
    return {"doc": "d.txt", "kind": "direct", "start": start, "end": end, "text": TEXT[start:end], "speaker": who}


def test_attributions_are_read_quoted_or_not():
    attributions = gold_document().attributions
    assert [(a.source, a.quoted) for a in attributions] == [("Rep. John Mica (R-Fla.)", True), ("Officials", False)]
    assert attributions[1].text == "the talks had failed."
    assert attributions[0].source_span == (15, 38)


def test_pieces_of_one_attribution_are_one_item_and_no_false_positive():
    mica = speaker("John Mica", 20, 29)
    scores = score_attributed_quotes([gold_document()], [quote(1, 12, mica), quote(46, 55, mica)])
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 0)
    assert (scores.speaker_correct, scores.speaker_total) == (1, 1)


def test_a_piece_inside_a_quote_is_no_false_positive_and_a_wrong_speaker_counts():
    scores = score_attributed_quotes([gold_document()], [quote(1, 12, speaker("Officials", 57, 66)), quote(3, 7)])
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 0)
    assert scores.speaker_correct == 0 and scores.speaker_total == 1
    assert scores.to_dict(details=False)["speaker_by_mention"]["name"] == {"correct": 0, "total": 1, "accuracy": 0.0}


def test_statements_against_every_attribution():
    document = gold_document()
    statements = [
        {"doc": "d.txt", "kind": "indirect", "start": 57, "end": 93, "text": TEXT[57:93], "holder": speaker("Officials", 57, 66)},
        {"doc": "d.txt", "kind": "narrative", "start": 0, "end": 56, "text": TEXT[:56], "holder": None},
    ]
    scores = score_statements([document], statements)
    assert (scores.gold, scores.found, scores.source_correct, scores.predicted, scores.predicted_correct) == (2, 1, 1, 1, 1)
    assert scores.to_dict(details=False)["by_quoted"] == {"quoted": {"found": 0, "gold": 1, "recall": 0.0},
                                                           "unquoted": {"found": 1, "gold": 1, "recall": 1.0}}


def test_a_statement_far_longer_than_the_content_is_not_found():
    statements = [{"doc": "d.txt", "kind": "indirect", "start": 20, "end": 93, "text": TEXT[20:], "holder": None}]
    scores = score_statements([gold_document()], statements)
    assert scores.found == 0 and scores.predicted_correct == 0


def test_source_matching():
    assert source_matches({"name": "Bernie Sanders", "mention": {"text": "he", "start": 0, "end": 2}}, "Sanders", (), (50, 57))
    assert source_matches({"name": "X", "mention": {"text": "he", "start": 50, "end": 52}}, "He", (), (50, 52))
    assert source_matches({"name": "Pat McCrory", "mention": None}, "Gov. Pat McCrory (R)", (), None)
    assert not source_matches({"name": "analysts", "mention": None}, "The Republican presidential nominee", (), None)
    assert not source_matches(None, "Trump", (), (0, 5))


def test_mention_types():
    assert [mention_type(text) for text in ("he", "Donald Trump", "a senior official", "The campaign", None)] == \
        ["pronoun", "name", "description", "description", "none"]


def test_a_span_text_holding_a_line_break_runs_on_to_the_next_line():
    # brat writes a span's text as it is; a span across a paragraph break puts a bare line in the .ann
    text = "Polls said 3.\n\nThe lead is gone, the paper reported."
    ann = "\n".join(["T1\tSource 0 5\tPolls", "T2\tContent 11 36\t3.", "", "The lead is gone",
                     "T3\tCue 4 8\tsaid", "E1\tAttribution:T3 Source:T1 Content:T2"])
    annotation = parse_ann(ann, text)
    assert sorted(annotation.spans) == ["T1", "T2", "T3"]
    assert [a.source for a in brat_attributions(annotation, text, "d.txt")] == ["Polls"]


def test_a_statement_is_matched_by_its_content_span():
    # the whole sentence "Rep. John Mica ... the talks had failed." is far longer than the gold Content;
    # its content span (what is reported) is what the gold marks
    statements = [{"doc": "d.txt", "kind": "indirect", "start": 20, "end": 93, "text": TEXT[20:], "holder": None,
                   "content": {"text": TEXT[72:92], "start": 72, "end": 92}}]
    scores = score_statements([gold_document()], statements)
    assert scores.found == 1 and scores.predicted_correct == 1


def test_a_scare_quote_without_speaker_claims_no_attribution_and_is_counted_apart():
    # "We will win" (1, 12) is Mica's; "talks" (76, 81) is in no quoted gold piece; "the talks" inside
    # the unquoted attribution text is no quote piece either. Left out: both scare quotes without a speaker.
    mica = speaker("John Mica", 20, 29)
    predictions = [quote(1, 12, mica), {**quote(76, 81), "kind": "scare"}, {**quote(46, 55), "kind": "scare"}]
    scores = score_attributed_quotes([gold_document()], predictions)
    assert (scores.tp, scores.fp, scores.fn) == (1, 0, 0)
    assert (scores.unattributed_scare, scores.unattributed_scare_in_gold) == (2, 1)  # "and soon" is a gold piece


def test_a_scare_quote_with_a_speaker_is_scored_like_any_quote():
    predictions = [{**quote(76, 81, speaker("Officials", 57, 66)), "kind": "scare"}]
    scores = score_attributed_quotes([gold_document()], predictions)
    assert (scores.tp, scores.fp, scores.fn, scores.unattributed_scare) == (0, 1, 1, 0)


def test_doubled_marks_and_a_content_span_that_stops_inside_the_marks():
    # New York Times text writes '' … ''; PolNeAR's Content often ends before the closing marks.
    text = "Trump supporters began calling her ''leftist scum,'' she said. He said it was ''a disgrace.''"
    content = text.index("calling")
    comma = text.index(",") + 1  # the Content stops after "scum," inside the marks
    ann = "\n".join([
        f"T1\tSource {text.index('she')} {text.index('she') + 3}\tshe",
        f"T2\tCue {text.index('said')} {text.index('said') + 4}\tsaid",
        f"T3\tContent {content} {comma}\t{text[content:comma]}",
        "E1\tAttribution:T2 Source:T1 Content:T3",
        f"T4\tSource {text.index('He')} {text.index('He') + 2}\tHe",
        f"T5\tCue {text.index('said it')} {text.index('said it') + 4}\tsaid",
        f"T6\tContent {text.index('it was')} {len(text) - 2}\t{text[text.index('it was'):len(text) - 2]}",
        "E2\tAttribution:T5 Source:T4 Content:T6",
    ])
    quotes, _ = brat_quotes(parse_ann(ann, text), text, "d.txt")
    assert [(q.text, q.kind, q.speaker) for q in quotes] == [("leftist scum,", "partial", "she"),
                                                           ("a disgrace.", "partial", "He")]
    assert [a.quoted for a in brat_attributions(parse_ann(ann, text), text, "d.txt")] == [True, True]


def test_doubled_marks_do_not_pair_a_closing_mark_with_the_next_opening_one():
    text = "''We will win,'' Mica said, ''and soon.''"
    start = text.index("We") + 3  # a Content that starts inside the first quotation
    ann = f"T1\tContent {start} {len(text)}\t{text[start:]}"
    quotes, _ = brat_quotes(parse_ann(ann, text), text, "d.txt")
    assert [q.text for q in quotes] == ["and soon."]


def test_a_relative_pronoun_source_is_the_phrase_right_before_it():
    # "… from Mike Lee, who declared …": Source "who" at 24-27; "Mike Lee" ends at 22, ", " between.
    lee = {"name": "Mike Lee", "mention": {"text": "Mike Lee", "start": 14, "end": 22}}
    assert source_matches(lee, "who", (), (24, 27))
    assert not source_matches(lee, "who", (), (40, 43))      # a "who" further on is someone else's
    assert not source_matches(lee, "he", (), (24, 26))       # only relative pronouns stand for the phrase before


def test_the_surname_is_that_of_the_name_a_source_opens_with():
    jealous = {"name": "Ben Jealous", "mention": {"text": "he", "start": 300, "end": 302}}
    assert source_matches(jealous, "Ben Jealous, the former president of the NAACP,", (), (0, 48))
    murphy = {"name": "Chris Murphy", "mention": None}
    assert source_matches(murphy, "Senator Chris Murphy of Connecticut, who campaigned in his state,", (), None)
    assert source_matches({"name": "John Kerry", "mention": None}, "Secretary of State John Kerry", (), None)
    assert not source_matches({"name": "NAACP", "mention": None}, "Ben Jealous, the former president of the NAACP,", (), None)


def test_a_source_and_cue_whose_labels_the_annotator_swapped_are_read_the_right_way_round():
    # PolNeAR train has "…,” said Holan." with Source "said" and Cue "Holan"
    text = "\u201cWe will win,\u201d said Holan."
    ann = "\n".join(["T1\tSource 15 19\tsaid", "T2\tCue 20 25\tHolan", "T3\tContent 1 13\tWe will win,",
                     "E1\tAttribution:T2 Source:T1 Content:T3"])
    annotation = parse_ann(ann, text)
    [attribution] = brat_attributions(annotation, text, "x.txt")
    assert (attribution.source, attribution.source_span) == ("Holan", (20, 25))
    [quote] = brat_quotes(annotation, text, "x.txt")[0]
    assert (quote.speaker, quote.source_span) == ("Holan", (20, 25))
    # a right way round pair stays as it is
    right = ann.replace("Source 15 19\tsaid", "Cue 15 19\tsaid").replace("Cue 20 25\tHolan", "Source 20 25\tHolan")
    right = right.replace("Attribution:T2 Source:T1", "Attribution:T1 Source:T2")
    [attribution] = brat_attributions(parse_ann(right, text), text, "x.txt")
    assert (attribution.source, attribution.cue) == ("Holan", "said")
