"""From a parsed Doc to records: reporting cues, quote attribution, quotes, statements and speakers."""
