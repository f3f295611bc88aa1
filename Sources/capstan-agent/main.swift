print("capstan-agent")
