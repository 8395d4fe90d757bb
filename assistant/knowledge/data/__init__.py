"""Data files of the lexicon: stopwords, synonyms, document short names."""
