"""Data files of the lexicon: stopwords, synonyms, document short names, characters OCR takes for one another."""
