// A CloudFormation-shaped JSON template: parameters with Type, Default and
// Description, resources with nested properties, tag arrays, intrinsic
// functions, strings with every JSON escape, numbers of every shape. The edit
// target is Parameters.ChromaVersion.Default = "1.0.0".
enum JSONGenerator {
    static func template(bytes target: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var out = TextBuffer(capacity: target)
        out.append("""
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Description": "Generated stack for tplpatch's benchmark: \\"quoted\\", caf\\u00e9, a\\\\b, path\\/to, tab\\tend\\n",
              "Parameters": {
                "ChromaVersion": {"Type": "String", "Default": "1.0.0", "Description": "Chroma release to deploy"}
            """)
        var parameter = 0
        while out.count < target / 8 {
            parameter += 1
            let type = random.pick(["String", "Number", "CommaDelimitedList", "AWS::EC2::KeyPair::KeyName"])
            let value = type == "Number" ? "\(random.below(65_536))" : "\"value-\(parameter)-\(random.below(1_000))\""
            out.append("""
                ,
                    "Param\(parameter)": {
                      "Type": "\(type)",
                      "Default": \(value),
                      "Description": "Parameter \(parameter) \\u2014 see \\"docs\\"",
                      "AllowedPattern": "^[a-z0-9\\\\-]{1,\(random.below(64) + 1)}$",
                      "MinLength": \(random.below(4)), "NoEcho": \(random.chance(20))
                    }
                """)
        }
        out.append("\n  },\n  \"Resources\": {")
        var resource = 0
        while out.count < target - 400 {
            if resource > 0 { out.append(",") }
            resource += 1
            let kind = random.pick(["AWS::EC2::Instance", "AWS::S3::Bucket", "AWS::Lambda::Function", "AWS::IAM::Role"])
            var tags: [String] = []
            for tag in 0..<(1 + random.below(4)) {
                tags.append("{\"Key\": \"k\(tag)\", \"Value\": \"v-\(resource)-\(random.below(100_000))\"}")
            }
            out.append("""

                    "Res\(resource)": {
                      "Type": "\(kind)",
                      "DependsOn": ["Res\(max(1, resource - 1))"],
                      "Properties": {
                        "Name": {"Fn::Sub": "${AWS::StackName}-res-\(resource)"},
                        "ImageId": {"Ref": "Param\(1 + random.below(max(1, parameter)))"},
                        "Count": \(random.below(10)), "Weight": -\(random.below(1000)).\(random.below(1000)), "Threshold": \(random.below(9) + 1).5e-\(random.below(9)),
                        "Enabled": \(random.chance(50)), "Spare": null,
                        "UserData": {"Fn::Base64": {"Fn::Join": ["", ["#!/bin/bash\\n", "echo \\"hello \(resource)\\" > /tmp/out\\t", {"Ref": "AWS::Region"}, "\\r\\n"]]}},
                        "Tags": [\(tags.joined(separator: ", "))],
                        "BlockDeviceMappings": [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": \(8 * (1 + random.below(64))), "Iops": [3000, 6000, 1.0E+4], "Nested": {"Deeper": {"Deepest": [[], {}, [[\(random.below(7))]]]}}}}]
                      }
                    }
                """)
        }
        out.append("""

              },
              "Outputs": {
                "Count": {"Value": "\(resource)", "Description": "Resources in this generated template"}
              }
            }

            """)
        return out.bytes
    }
}
