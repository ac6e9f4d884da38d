import ArgumentParser
import Foundation
import MLCCore

/// A manifest's schedule, or exit 2 naming the manifest that has none.
func scheduleOf(_ manifest: Manifest) throws -> Schedule {
    guard let schedule = manifest.schedule else {
        printError(
            "\(manifest.file): the manifest has no \"schedule\"\n  hint: add one, e.g. \"schedule\": {\"daily\": \"06:30\", \"timeZone\": \"Europe/Berlin\"}"
        )
        throw ExitStatus.invalidInput
    }
    return schedule
}

/// `2026-12-29 07:00 Europe/Berlin (2026-12-29T06:00Z)`
func describe(_ date: Date, in zone: TimeZone) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = "yyyy-MM-dd HH:mm EEE"
    let utc = Timestamp(microseconds: Int64(date.timeIntervalSince1970 * 1e6)).iso8601.prefix(16)
    return "\(formatter.string(from: date)) \(zone.identifier) (\(utc)Z)"
}

struct NextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next", abstract: "Print the next run times of a manifest's schedule.")
    @Argument(help: "The pipeline manifest (JSON).") var manifest: String
    @Option(help: "How many run times.") var count = 10

    func run() async throws {
        let schedule = try scheduleOf(try loadManifest(manifest))
        for date in schedule.upcoming(after: Date(), count: max(1, min(count, 1000))) {
            print(describe(date, in: schedule.timeZone))
        }
    }
}

struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract:
            "Run manifests on their schedules until stopped (SIGTERM/SIGINT), or print them for cron or Kubernetes.",
        discussion:
            "A run missed while the service was down runs once at start. Each pipeline runs one at a time; a stop finishes the batch in flight, records the run interrupted and revokes the token."
    )
    @Argument(help: "Pipeline manifests (JSON), each with a \"schedule\".") var manifests: [String]
    @Flag(help: "Print crontab lines instead of running.") var printCrontab = false
    @Flag(help: "Print Kubernetes CronJobs (concurrencyPolicy: Forbid) instead of running.") var printKubernetes = false
    @Option(help: "Event output: text or json (one line per event).") var logFormat: EventLog.Format = .text
    @OptionGroup var verbosity: Verbosity
    @Option(help: "Serve /metrics (Prometheus) and /healthz on this port (0: any free one, logged); -1: none.")
    var metricsPort = 9464

    func run() async throws {
        let loaded = try manifests.map { path in (path, try loadManifest(path)) }
        let schedules = try loaded.map { ($0.0, $0.1, try scheduleOf($0.1)) }
        if printCrontab {
            print(schedules.map { Self.crontab($0.0, $0.1, $0.2) }.joined(separator: "\n"))
        } else if printKubernetes {
            print(schedules.map { Self.cronJobs($0.0, $0.1, $0.2) }.joined(separator: "---\n"))
        } else {
            guard (-1...65535).contains(metricsPort) else {
                printError("--metrics-port \(metricsPort) is no port\n  hint: 1–65535, 0 for any free one, -1 for none")
                throw ExitStatus.invalidInput
            }
            let code = try await SchedulerService.serve(
                schedules.map { SchedulerService.Job(path: $0.0, manifest: $0.1, schedule: $0.2) },
                logFormat: logFormat, level: verbosity.level,
                metricsPort: metricsPort < 0 ? nil : UInt16(metricsPort))
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// The command a platform scheduler runs: `--due` where cron's expression is only a superset.
    static func command(_ path: String, exact: Bool) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return "mlc run \(absolute)" + (exact ? "" : " --due")
    }

    static func crontab(_ path: String, _ manifest: Manifest, _ schedule: Schedule) -> String {
        var lines = ["# \(manifest.name): \(path)", "CRON_TZ=\(schedule.timeZone.identifier)"]
        for line in schedule.cronLines {
            if !line.exact {
                lines.append(
                    "# cron cannot name business days: this fires on a superset, and --due runs only on the schedule's days"
                )
            }
            // cron does not run a job twice at once on its own: flock keeps a slow run and the next tick apart.
            lines.append(
                "\(line.expression) flock -n /tmp/mlc-\(manifest.name).lock \(command(path, exact: line.exact))")
        }
        return lines.joined(separator: "\n")
    }

    static func cronJobs(_ path: String, _ manifest: Manifest, _ schedule: Schedule) -> String {
        let file = (path as NSString).lastPathComponent
        return schedule.cronLines.enumerated().map { i, line in
            // A Kubernetes name: lower-case letters, digits and '-'.
            let base = String(manifest.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
            let name = "mlc-\(base)" + (schedule.cronLines.count > 1 ? "-\(i + 1)" : "")
            let args = ["run", "/config/\(file)"] + (line.exact ? [] : ["--due"])
            return """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: \(String(name.prefix(52)))
                spec:
                  schedule: "\(line.expression)"
                  timeZone: "\(schedule.timeZone.identifier)"
                  concurrencyPolicy: Forbid
                  startingDeadlineSeconds: 3600
                  jobTemplate:
                    spec:
                      backoffLimit: 0
                      template:
                        spec:
                          restartPolicy: Never
                          containers:
                            - name: mlc
                              image: mlc:latest
                              args: [\(args.map { "\"\($0)\"" }.joined(separator: ", "))]
                              volumeMounts:
                                - {name: config, mountPath: /config}
                                - {name: state, mountPath: /config/.mlc}
                          volumes:
                            - {name: config, configMap: {name: mlc-\(base)}}
                            - {name: state, persistentVolumeClaim: {claimName: mlc-state}}

                """
        }.joined(separator: "---\n")
    }
}
