/// mlc's version, in one place: `mlc --version`, every User-Agent.
public let mlcVersion = "0.1.0"
