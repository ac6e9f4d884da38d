import Foundation
import PackagePlugin

/// Generates `Registry.swift` for the target it is applied to (`mlc`): every connector type declared in
/// the package's targets that it depends on. The sources are the command's inputs, so editing a
/// connector regenerates the registry; no hand-kept list exists anywhere.
@main
struct ConnectorRegistry: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let packageDirectory = context.package.directoryURL.standardizedFileURL.path
        let dependencies = target.recursiveTargetDependencies
            .compactMap { $0 as? SourceModuleTarget }
            .filter { $0.directoryURL.standardizedFileURL.path.hasPrefix(packageDirectory + "/") }
        var arguments: [String] = []
        var inputs: [URL] = []
        for dependency in dependencies {
            for file in dependency.sourceFiles(withSuffix: "swift") {
                arguments.append("\(dependency.moduleName)=\(file.url.path)")
                inputs.append(file.url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Registry.swift")
        return [
            .buildCommand(
                displayName: "Generating the connector registry for \(target.name)",
                executable: try context.tool(named: "MLCRegistryGenerator").url,
                arguments: [output.path] + arguments,
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
