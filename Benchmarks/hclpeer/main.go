// hclpeer is the HCL peer of tplpatch's benchmark: hashicorp/hcl's own
// parsers on one file, so `make bench` can compare whole processes.
//
//	hclpeer write FILE   hclwrite.ParseConfig + Bytes() (parse and print)
//	hclpeer syntax FILE  hclsyntax.ParseConfig (parse to an AST)
//
// It prints the seconds spent in process on the parse (and print), so the
// benchmark has both that figure and the whole process's. It exits 1 when
// the file does not parse, and 2 when hclwrite does not print it back byte
// for byte (a peer that loses bytes would not be a fair comparison).
package main

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "write" && os.Args[1] != "syntax") {
		fmt.Fprintln(os.Stderr, "usage: hclpeer write|syntax FILE")
		os.Exit(64)
	}
	src, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	var diags hcl.Diagnostics
	var printed []byte
	if os.Args[1] == "write" {
		var file *hclwrite.File
		file, diags = hclwrite.ParseConfig(src, os.Args[2], hcl.InitialPos)
		if !diags.HasErrors() {
			printed = file.Bytes()
		}
	} else {
		_, diags = hclsyntax.ParseConfig(src, os.Args[2], hcl.InitialPos)
	}
	seconds := time.Since(start).Seconds()
	if diags.HasErrors() {
		fmt.Fprintln(os.Stderr, diags.Error())
		os.Exit(1)
	}
	if os.Args[1] == "write" && !bytes.Equal(printed, src) {
		fmt.Fprintln(os.Stderr, "hclwrite did not print the file back byte for byte")
		os.Exit(2)
	}
	fmt.Printf("%.6f\n", seconds)
}
