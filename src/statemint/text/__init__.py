"""Plain-text stages that need no spaCy: quotation marks, paragraphs, and the text the parser reads."""
