#ifndef TPLPATCH_CBUILDINFO_H
#define TPLPATCH_CBUILDINFO_H

/// The git commit tplpatch was built from, as the build was told it
/// (TPLPATCH_GIT_COMMIT in the environment of `swift build`, which the
/// Makefile sets; see Package.swift), or "" when it was not told.
const char *tplpatch_git_commit(void);

#endif
