charter completions --ids shares FILE
