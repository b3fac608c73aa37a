charter completions --ids parties FILE
