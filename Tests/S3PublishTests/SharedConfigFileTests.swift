import S3Publish
import Testing

@Suite struct SharedConfigFileTests {
    @Test func readsSectionsKeysCommentsAndNestedValues() throws {
        let file = try SharedConfigFile(parsing: """
            \u{FEFF}# a comment
            ; another
            [default]
            region = eu-west-1
            Output: json
            s3 =
              max_concurrent_requests = 10
              addressing_style = path

            [profile  "release bot" ]
            aws_access_key_id=AKIDBOT
            \r
            [sso-session corp]
            sso_region = us-east-1
            """, path: "/home/u/.aws/config")
        #expect(file.sections.map(\.name) == ["default", "profile  \"release bot\"", "sso-session corp"])
        let defaults = try #require(file.configProfile(named: "default"))
        #expect(defaults.values["region"] == "eu-west-1")
        #expect(defaults.values["output"] == "json")
        #expect(defaults.values["s3"] == "\nmax_concurrent_requests = 10\naddressing_style = path")
        #expect(file.configProfile(named: "release bot")?.values["aws_access_key_id"] == "AKIDBOT")
        #expect(file.configProfile(named: "corp") == nil)
        #expect(file.section(named: "sso-session corp")?.line == 13)
    }

    @Test func configProfileAcceptsProfileDefault() throws {
        let file = try SharedConfigFile(parsing: "[profile default]\nregion = ap-south-1\n", path: "c")
        #expect(file.configProfile(named: "default")?.values["region"] == "ap-south-1")
    }

    @Test(arguments: [
        ("region = x\n", 1, "key 'region' comes before any [section]"),
        ("wjalrxutnfemi = x\n", 1, "a key comes before any [section]"),
        ("[a]\n[b\n", 2, "malformed section header"),
        ("[a]\nx = 1\n\n[ ]\n", 4, "empty section name"),
        ("[a]\nx = 1\n[a]\n", 3, "section [a] appears twice"),
        ("[a]\nx = 1\nX = 2\n", 3, "a key appears twice in [a]"),
        ("[a]\nregion = 1\nRegion = 2\n", 3, "key 'region' appears twice in [a]"),
        ("[a]\n= 2\n", 2, "a value without a key"),
        ("[a]\r\nx = 1\r\njust words\r\n", 3, "expected 'key = value', a [section] or a comment"),
    ])
    func parseErrorsNameFileAndLine(text: String, line: Int, message: String) {
        #expect(throws: ConfigFileParseError(path: "/tmp/creds", line: line, message: message)) {
            try SharedConfigFile(parsing: text, path: "/tmp/creds")
        }
    }

    @Test func parseErrorDescriptionIsFileColonLine() {
        let error = ConfigFileParseError(path: "/home/u/.aws/credentials", line: 7, message: "malformed section header")
        #expect(error.description == "/home/u/.aws/credentials:7: malformed section header")
    }
}
