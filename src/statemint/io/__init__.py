"""Input and output: reading documents, writing records (tables, JSON, CSV), the HTML report, progress."""
