#include "CBuildInfo.h"

// A C string define is the one way a build setting carries a value into the
// binary: Swift's -D defines are only true or false. Package.swift defines
// it from TPLPATCH_GIT_COMMIT, and only when that is a commit id.
#ifndef TPLPATCH_GIT_COMMIT
#define TPLPATCH_GIT_COMMIT ""
#endif

const char *tplpatch_git_commit(void) { return TPLPATCH_GIT_COMMIT; }
