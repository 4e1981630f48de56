"""How a document is parsed: the parse modes, the selection of paragraphs, and their assembly into one Doc."""
