import Foundation

// Usage: MLCRegistryGenerator OUTPUT MODULE=FILE...
// Writes OUTPUT only when its content changes, so an unrelated edit does not rebuild `mlc`.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write("usage: MLCRegistryGenerator OUTPUT MODULE=FILE...\n".data(using: .utf8)!)
    exit(2)
}
var files: [(module: String, path: String)] = []
for pair in arguments.dropFirst() {
    guard let eq = pair.firstIndex(of: "=") else { continue }
    files.append((String(pair[..<eq]), String(pair[pair.index(after: eq)...])))
}
var found: [RegistryScanner.Declaration] = []
var failed = false
for (module, path) in files {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write("MLCRegistryGenerator: cannot read \(path)\n".data(using: .utf8)!)
        exit(1)
    }
    found += RegistryScanner.declarations(in: text, module: module)
    for problem in RegistryScanner.problems(in: text) {
        FileHandle.standardError.write("\(path):\(problem.line): error: \(problem.reason)\n".data(using: .utf8)!)
        failed = true
    }
}
if failed { exit(1) }
let source = RegistryScanner.render(found)
if (try? String(contentsOfFile: output, encoding: .utf8)) != source {
    do { try source.write(toFile: output, atomically: true, encoding: .utf8) } catch {
        FileHandle.standardError.write("MLCRegistryGenerator: cannot write \(output): \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}
