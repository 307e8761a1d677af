"""Japanese text analysis, encoders, FAISS and lexical indexes, fusion and selectors."""
