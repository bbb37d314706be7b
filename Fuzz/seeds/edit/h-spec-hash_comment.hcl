h# Hash comment
