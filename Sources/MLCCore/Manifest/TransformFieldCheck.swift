extension ManifestLoader {
    /// Runs each entity's schema through its transforms as `run` will, so a transform naming a field the
    /// entity does not have (a typo in a `mask` would let a PII column land unmasked) is refused at
    /// `validate`, with the transform's path. Secrets are not read: the transforms get placeholders.
    func checkTransformFields(
        schemas: [EntitySchema], transforms: [Manifest.Section], directory: String
    ) -> [ManifestIssue] {
        let context = ConnectorContext.offline(manifestDirectory: directory)
        var built: [(section: Manifest.Section, transform: any Transform)] = []
        var issues: [ManifestIssue] = []
        for section in transforms {
            guard let connector = registry.transform(section.type) else { continue }
            do { built.append((section, try connector.makeTransform(config: section.config, context: context))) } catch
            {
                issues.append(ManifestIssue(section.path, "\(MLCError.wrap(error, .configuration).message)"))
            }
        }
        for schema in schemas {
            var current = schema
            for (section, transform) in built where transform.entity == nil || transform.entity == schema.name {
                do { current = try transform.transform(schema: current) } catch {
                    let e = MLCError.wrap(error, .transform)
                    issues.append(ManifestIssue(section.path, e.message, hint: e.hint))
                    break
                }
            }
        }
        return issues
    }
}
