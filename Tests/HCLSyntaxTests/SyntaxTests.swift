import HCLSyntax
import TemplateSyntax
import Testing

/// Native-syntax constructs Terraform writes: each parses and prints back.
@Suite struct SyntaxTests {
    static let accepted: [String] = [
        "",
        "\n\n",
        "# only a comment",
        "\u{FEFF}a = 1\n",
        "a = 1",
        "a {\r\n  b = \"x\"\r\n}\r\n",
        "a {\n\tb\t= 1\n}\n",
        "a { b = 1 }\n",
        "a \"x\" y {}\n",
        "a {\n}\n",
        "resource \"aws_instance\" \"web\" {\n  lifecycle { create_before_destroy = true }\n}\n",
        "a = <<EOF\nline\nEOF\n",
        "a = <<-EOF\r\n  x ${y}\r\n  EOF\r\n",
        "a = <<EOF\nno final newline\nEOF",
        "a = <<EOF\n${<<INNER\nnested\nINNER\n}\nEOF\n",
        "a = <<EOF\n  EOF is not alone here\nEOF\n",
        "a = <<EOF\n%{ for x in xs ~}\n${x}\n%{~ endfor }\nEOF\n",
        "a = \"${~ x ~}\"\n",
        "a = \"%{ for k, v in m ~}${k}=${v}%{ endfor }\"\n",
        "a = \"%{if a}x%{else}y%{endif}\"\n",
        "a = \"%{ if a }%{ if b }x%{ endif }%{ endif }\"\n",
        "a = \"$${a} %%{b} $$ %% $ %\"\n",
        "a = \"\\u00e9\\U0001F600\\n\\r\\t\\\"\\\\\"\n",
        "a = \"${ {b = 1}.b }\"\n",
        "a = \"${\"nested ${\"deeper\"}\"}\"\n",
        "a = \"${\n  x\n}\"\n",
        "a = [for k, v in x : v if c]\n",
        "a = {for k, v in x : k => v...}\n",
        "a = {\n  for k, v in x : k => v... if k != \"\"\n}\n",
        "a = [\n  for x in y :\n  x\n]\n",
        "a = x.*.y\n",
        "a = x[*].y[0]\n",
        "a = x.0.y\n",
        "a = x.0\n",
        "a = x[\"k\"][0].z\n",
        "a = f(a, b...)\n",
        "a = f(\n  a,\n  b,\n)\n",
        "a = f()\n",
        "a = provider::aws::arn_parse(x)\n",
        "a = !a && -b > 1 || c == d ? e : f\n",
        "a = (a\n  + b\n)\n",
        "a = [\n  1,\n  2,\n]\n",
        "a = []\n",
        "a = {}\n",
        "a = {\n  a = 1,\n  b = 2\n\n  c = 3\n}\n",
        "a = { a : 1, \"b\" = 2, (k) = 3, 4 = 5 }\n",
        "a = [{ b = [{ c = 1 }] }]\n",
        "a = -1\n",
        "a = 1.5e+10\n",
        "a = 0.5E-3\n",
        "a = 1 % 2 / 3 * 4 - 5 + 6 <= 7 >= 8 < 9 > 10 != 11\n",
        "a = /* c */ 1 // x\n",
        "/* a\n   b */ a = 1\n",
        "a = f( # comment\n  1, // another\n  /* more */ 2\n)\n",
        "a = b ? c : d ? e : f\n",
        "a = true\nb = false\nc = null\n",
        "a-b = c-d\n",
        "ünïcödé = \"ok\"\n",
        "a = {\n  # comment line\n  b = 1 # trailing\n}\n",
        "a = x[*]\n",
        "a = x.*\n",
    ]

    @Test(arguments: accepted)
    func parsesAndPrintsBack(text: String) throws {
        let document = try parse(text)
        #expect(treeProblems(document).isEmpty, "\(text.debugDescription): \(treeProblems(document))")
    }

    /// The attribute `a`'s value node, for shape checks.
    func valueNode(_ document: HCLDocument) throws -> Int {
        let tree = document.tree
        let body = try #require(tree.children(of: tree.root).first)
        let attribute = try #require(tree.children(of: body).first)
        #expect(tree.nodes[attribute].kind == .attribute)
        return try #require(tree.children(of: attribute).last)
    }

    func shape(_ document: HCLDocument, _ node: Int) -> String {
        let tree = document.tree
        let children = tree.children(of: node)
        let name = "\(tree.nodes[node].kind)"
        if children.isEmpty { return "\(name)(\(document.source.text(tree.range(of: node))))" }
        return "\(name)[" + children.map { shape(document, $0) }.joined(separator: " ") + "]"
    }

    @Test(arguments: [
        ("a = 1 + 2 * 3", "binaryOp[literalValue(1) binaryOp[literalValue(2) literalValue(3)]]"),
        ("a = 1 * 2 + 3", "binaryOp[binaryOp[literalValue(1) literalValue(2)] literalValue(3)]"),
        ("a = 1 - 2 - 3", "binaryOp[binaryOp[literalValue(1) literalValue(2)] literalValue(3)]"),
        ("a = x || y && z", "binaryOp[variableExpr(x) binaryOp[variableExpr(y) variableExpr(z)]]"),
        ("a = c ? 1 : 2", "conditional[variableExpr(c) literalValue(1) literalValue(2)]"),
        ("a = -x.y", "unaryOp[getAttr[variableExpr(x)]]"),
        ("a = !f(1)[0]", "unaryOp[index[functionCall[literalValue(1)] literalValue(0)]]"),
        ("a = x.*.y", "getAttr[attrSplat[variableExpr(x)]]"),
        ("a = x[*].y", "getAttr[fullSplat[variableExpr(x)]]"),
        ("a = x.0", "legacyIndex[variableExpr(x)]"),
        ("a = \"v${x}\"", "templateExpr[templateInterpolation[variableExpr(x)]]"),
        ("a = { k = 1 }", "object[objectElem[variableExpr(k) literalValue(1)]]"),
        ("a = [for v in l : v]", "forExpr[variableExpr(l) variableExpr(v)]"),
        ("a = (1)", "parenthesized[literalValue(1)]"),
    ])
    func treeShape(text: String, expected: String) throws {
        let document = try parse(text + "\n")
        #expect(shape(document, try valueNode(document)) == expected)
    }

    @Test func blocksKeepTheirLabels() throws {
        let document = try parse("resource \"aws_instance\" web {\n  ami = \"x\"\n}\n")
        let tree = document.tree
        let body = try #require(tree.children(of: tree.root).first)
        let block = try #require(tree.children(of: body).first)
        #expect(tree.nodes[block].kind == .block)
        let parts = tree.children(of: block)
        #expect(parts.map { tree.nodes[$0].kind } == [.blockLabel, .blockLabel, .body])
        #expect(parts.dropLast().map { document.source.text(tree.range(of: $0)) } == ["\"aws_instance\"", "web"])
    }
}
