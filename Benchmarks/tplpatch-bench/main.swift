// tplpatch-bench: whole-process figures for the tplpatch CLI and its peers
// on deterministically generated inputs (issue 9). `make bench` runs it at
// full size; `make bench-smoke` at tiny sizes in CI, where it fails only when
// tplpatch fails or a generated input is invalid, never on a speed figure.
import Foundation

exit(try runBench(BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))))

