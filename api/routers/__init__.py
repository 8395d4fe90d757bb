"""HTTP routers, one per resource: health, search, chat, conversations, documents, OpenAI compatibility."""
