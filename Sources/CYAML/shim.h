// The system libyaml (libyaml-dev, pkg-config yaml-0.1), imported into Swift
// as the module CYAML. YAMLSyntax reads its event stream; nothing else.
#include <yaml.h>
