// Terraform-shaped HCL: a terraform block, variables, resources with nested
// blocks, object and tuple expressions, heredocs, `${...}` and `%{...}`
// templates, for-expressions, conditionals, and all three comment styles.
// The edit target is variable.chroma_version.default = "1.0.0".
enum HCLGenerator {
    static func module(bytes target: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var out = TextBuffer(capacity: target)
        out.append("""
            # Generated Terraform for tplpatch's benchmark.
            terraform {
              required_version = ">= 1.5.0"
              required_providers {
                aws = {
                  source  = "hashicorp/aws"
                  version = "~> 5.0"
                }
              }
            }

            variable "chroma_version" {
              type        = string
              default     = "1.0.0"
              description = "Chroma release to deploy"
            }

            """)
        var unit = 0
        while out.count < target {
            unit += 1
            let size = random.pick(["small", "medium", "large", "xlarge"])
            out.append("""

                variable "name_\(unit)" {
                  type        = string
                  default     = "value-\(unit)-\(random.below(10_000))"
                  description = "A \\"quoted\\" description with a \\\\ backslash and $${literal} braces"
                }

                // A resource with nested blocks, unit \(unit).
                resource "aws_instance" "web_\(unit)" {
                  ami           = var.ami_ids[\(random.below(8))]
                  instance_type = "t3.${var.size_\(size)}" # trailing comment
                  count         = \(random.below(5) + 1)
                  monitoring    = \(random.chance(50))
                  cpu_credits   = \(random.below(100)).\(random.below(100))
                  tags = {
                    Name        = "web-${count.index}-\(unit)"
                    Owner       = "team-\(random.below(40))"
                    "kebab-key" = upper(var.name_\(unit))
                  }
                  /* A block comment
                     over two lines. */
                  ebs_block_device {
                    device_name = "/dev/sdh"
                    volume_size = \(random.below(500)) * 2 + 1
                    encrypted   = !var.plain
                  }
                  user_data = <<-EOT
                    #!/bin/bash
                    echo "hello ${var.name_\(unit)}"
                    %{if var.debug}set -x%{endif}
                  EOT
                  lifecycle {
                    ignore_changes = [tags["Owner"], ami]
                  }
                }

                locals {
                  list_\(unit) = [for s in var.names : upper(s) if s != ""]
                  map_\(unit)  = { for k, v in var.labels : k => v... }
                  pick_\(unit) = var.enabled ? aws_instance.web_\(unit)[0].id : null
                  ips_\(unit)  = aws_instance.web_\(unit)[*].private_ip
                  math_\(unit) = (\(random.below(100)) + 3) % 7 >= 2 && true || false
                }

                output "ip_\(unit)" {
                  value = <<EOF
                ip: ${aws_instance.web_\(unit)[0].private_ip}
                EOF
                }

                """)
        }
        return out.bytes
    }
}
