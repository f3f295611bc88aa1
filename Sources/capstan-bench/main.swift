print("capstan-bench")
