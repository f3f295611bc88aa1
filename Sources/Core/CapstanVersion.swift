/// The version every Capstan binary reports (server, agent, CLI), so mismatches show in `/healthz` and facts.
public let capstanVersion = "0.1.0"
