"""Knowledge base: load documents, chunk them by 章/条/款, index them, retrieve evidence."""
