#ifndef NEWSDROP_CLD2_SHIM_H
#define NEWSDROP_CLD2_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

/// The language CLD2 finds in UTF-8 text.
typedef struct {
    /// ISO 639 / BCP 47 code such as "en" or "zh-Hant"; "un" when nothing was found.
    const char *code;
    /// The share of the text, 0-100, in that language.
    int percent;
    /// Non-zero when CLD2 judges the answer reliable.
    int reliable;
} newsdrop_cld2_result;

/// Detects the main language of `length` bytes of UTF-8 plain text.
newsdrop_cld2_result newsdrop_cld2_detect(const char *text, int length);

#ifdef __cplusplus
}
#endif

#endif
