#include <libxml/xmlversion.h>
// Swift never touches the ICU converter fields, and ICU's headers clash with Foundation's copy.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
