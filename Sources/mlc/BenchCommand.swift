import ArgumentParser
import Foundation
import MLCCore

/// `mlc bench`: synthetic invoices (~1 KB of JSON each) through two transforms into the local
/// warehouse, in this process, reporting throughput, CPU per record and peak RSS.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the core pipeline: synthetic source → 2 transforms → local warehouse.")

    @Option(help: "Records to push through.") var records: Int = 100_000
    @Option(help: "Where to put the temporary warehouse and state (a fresh subdirectory, deleted afterwards).")
    var directory: String?
    @Option(help: "pipeline.batchRecords for the run.") var batchRecords: Int = 20_000
    @Flag(help: "Discard batches instead of writing the local warehouse (measures source and transforms alone).")
    var nullSink = false
    @Flag(help: "Skip the two transforms.") var noTransforms = false
    @Option(help: "pipeline.batchBytes for the run.") var batchBytes: Int = 4_000_000
    @Option(help: "The local warehouse's journal: rollback (default) or wal.") var journal: String = "rollback"

    func run() async throws {
        let dir = (directory ?? NSTemporaryDirectory()) + "/mlc-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let manifest = """
            {"version": 1, "name": "bench",
             "source": {"type": "synthetic", "seed": 7, "pageSize": 1000, "entities": [{"name": "ap_invoices", "size": \(records)}]},
             "transforms": [
               {"type": "gl.segments", "entity": "ap_invoices", "field": "gl_account", "separator": "-", "names": ["company", "account", "cost_center"]},
               {"type": "mask", "entity": "ap_invoices", "fields": ["tax_id"], "keepLast": 4}],
             "sink": {"type": "localwarehouse", "path": "warehouse.sqlite", "journal": "\(journal)"},
             "pipeline": {"batchRecords": \(batchRecords), "batchBytes": \(batchBytes)}}
            """
        let m = try ManifestLoader(registry: registry).parse(Array(manifest.utf8), file: "bench.json", directory: dir)
        var m2 = m
        if noTransforms { m2.transforms = [] }
        var runtime = try Runtime(manifest: m2, log: .quiet)
        if nullSink { runtime = runtime.replacingSink(NullSink()) }
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        let summary = await runtime.pipeline(progress: nil).run()
        let loaded = ContinuousClock.now
        await runtime.close()  // the final checkpoint is part of the work
        let wall = (ContinuousClock.now - start)
        let closing =
            Double((ContinuousClock.now - loaded).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - loaded).components.seconds)
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        let cpu = cpuSeconds() - cpuBefore
        guard summary.status == .ok, summary.entities[0].written == records else {
            print(summary.table)
            throw ExitCode.failure
        }
        let out: JSON = .object([
            JSONMember("records", .number(String(records))),
            JSONMember("seconds", .number(String(format: "%.2f", seconds))),
            JSONMember("closeSeconds", .number(String(format: "%.2f", closing))),
            JSONMember("recordsPerSecond", .number(String(Int(Double(records) / seconds)))),
            JSONMember("cpuMicrosPerRecord", .number(String(format: "%.2f", cpu * 1e6 / Double(records)))),
            JSONMember("peakRSSMegabytes", .number(String(format: "%.1f", peakRSSMegabytes()))),
        ])
        print(out.serialized())
    }
}

/// Acknowledges every batch without storing it.
final class NullSink: Sink {
    func prepare(_ schema: EntitySchema) async throws {}
    func write(_ batch: RecordBatch, schema: EntitySchema, run: RunContext) async throws -> Ack {
        Ack(written: batch.count)
    }
    func check() async -> [CheckResult] { [] }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
