#include "cld2_shim.h"
#include <cstdio>
#include <cld2/public/compact_lang_det.h>

extern "C" newsdrop_cld2_result newsdrop_cld2_detect(const char *text, int length) {
    CLD2::Language top3[3];
    int percent3[3];
    int textBytes = 0;
    bool reliable = false;
    CLD2::Language language = CLD2::DetectLanguageSummary(text, length, true, top3, percent3, &textBytes, &reliable);
    newsdrop_cld2_result result;
    result.code = CLD2::LanguageCode(language);
    result.percent = percent3[0];
    result.reliable = reliable ? 1 : 0;
    return result;
}
