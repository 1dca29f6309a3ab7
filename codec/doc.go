// Package codec is Corridor's one canonical binary encoding, used for
// transactions and for every record stored in state.
//
// The bytes are protocol-buffers wire format (so any protobuf library can
// read them with the .proto files in docs/proto/), restricted so that every
// value has exactly one encoding:
//
//   - fields appear in ascending field-number order, each at most once,
//     except that the elements of a repeated field appear consecutively;
//   - zero values (0, false, "", empty bytes, all-zero fixed arrays, empty
//     lists) are omitted, and an explicitly encoded zero is an error;
//   - varints are minimal; unknown fields and trailing bytes are errors;
//   - strings are valid UTF-8; fixed-size byte arrays have their exact size;
//   - repeated integers are packed.
//
// Go structs describe messages with `wire:"N"` tags. Supported field types
// are bool, uint32, uint64, int64 (zig-zag), string, []byte, [N]byte,
// nested structs, pointers to structs (nil means absent) and slices of all
// of these except bool and pointers.
package codec
