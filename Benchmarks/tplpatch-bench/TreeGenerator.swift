import Foundation

// A tree of small Terraform modules, each in its own folder
// (mod00001/main.tf), every tenth with a terraform.tfvars: what
// `tplpatch set chroma_version 2.0.0 --root TREE` changes, and what the
// sed and bump-my-version peers are told to change the same way.
enum TreeGenerator {
    static let oldValue = "1.0.0"
    static let newValue = "2.0.0"

    /// The files written, relative to the tree.
    static func write(files count: Int, into root: String, seed: UInt64) throws -> [String] {
        var random = SeededRandom(seed: seed)
        var written: [String] = []
        let manager = FileManager.default
        for index in 1...count {
            let folder = String(format: "mod%05d", index)
            try manager.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
            let module = """
                # Module \(index), generated for tplpatch's benchmark.
                variable "chroma_version" {
                  type    = string
                  default = "\(oldValue)"
                }

                variable "replicas" {
                  type    = number
                  default = \(random.below(9) + 1)
                }

                resource "null_resource" "mod_\(index)" {
                  triggers = {
                    version  = var.chroma_version
                    replicas = var.replicas
                    image    = "ghcr.io/chroma-core/chroma:${var.chroma_version}"
                  }
                }

                """
            try Data(module.utf8).write(to: URL(fileURLWithPath: "\(root)/\(folder)/main.tf"))
            written.append("\(folder)/main.tf")
            if index % 10 == 0 {
                let values = "chroma_version = \"\(oldValue)\"\nreplicas       = \(random.below(9) + 1)\n"
                try Data(values.utf8).write(to: URL(fileURLWithPath: "\(root)/\(folder)/terraform.tfvars"))
                written.append("\(folder)/terraform.tfvars")
            }
        }
        return written
    }

    /// How many of `files` under `root` hold the new value and no longer the old one.
    static func countUpdated(_ files: [String], under root: String) -> Int {
        files.reduce(0) { count, file in
            guard let text = try? String(contentsOfFile: "\(root)/\(file)", encoding: .utf8) else { return count }
            return count + (text.contains("\"\(newValue)\"") && !text.contains("\"\(oldValue)\"") ? 1 : 0)
        }
    }

    /// bump-my-version's configuration for the same change, written into its copy of the tree.
    static let bumpConfiguration = """
        [tool.bumpversion]
        current_version = "\(oldValue)"
        allow_dirty = true
        commit = false
        tag = false

        [[tool.bumpversion.files]]
        glob = "**/main.tf"
        search = 'default = "{current_version}"'
        replace = 'default = "{new_version}"'

        [[tool.bumpversion.files]]
        glob = "**/terraform.tfvars"
        search = 'chroma_version = "{current_version}"'
        replace = 'chroma_version = "{new_version}"'

        """
}
