/* The YAML peer of tplpatch's benchmark: libyaml's raw event stream over one
 * file, the ceiling for any parser built on libyaml's events. Reads the file
 * once, parses it with yaml_parser_parse to the end, prints the number of
 * events. Exits 1 on a read or parse error (with libyaml's message). */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: yamlpeer FILE\n");
        return 64;
    }
    FILE *file = fopen(argv[1], "rb");
    if (file == NULL) {
        perror(argv[1]);
        return 1;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *bytes = malloc(size > 0 ? (size_t)size : 1);
    if (bytes == NULL || fread(bytes, 1, (size_t)size, file) != (size_t)size) {
        perror(argv[1]);
        return 1;
    }
    fclose(file);

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "yaml_parser_initialize failed\n");
        return 1;
    }
    yaml_parser_set_input_string(&parser, bytes, (size_t)size);
    unsigned long events = 0;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s: %s at offset %zu\n", argv[1],
                    parser.problem ? parser.problem : "parse error", parser.problem_mark.index);
            return 1;
        }
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        events++;
        if (done) break;
    }
    yaml_parser_delete(&parser);
    free(bytes);
    printf("%lu\n", events);
    return 0;
}
