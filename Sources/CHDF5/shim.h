// C shim for the HDF5 library (serial build, 1.10+).
//
// HDF5 exposes its predefined types, property-list classes and flags as macros that expand to
// global ids (e.g. `H5T_NATIVE_FLOAT` is `(H5OPEN H5T_NATIVE_FLOAT_g)`), which Swift cannot
// import. Each one Fields needs is wrapped in a `static inline` function here, together with two
// small callbacks (error-stack and dimension-scale walks) that are simpler to write in C.
#ifndef NEUROP_CHDF5_SHIM_H
#define NEUROP_CHDF5_SHIM_H

#include <hdf5.h>
#include <hdf5_hl.h>
#include <H5DSpublic.h>
#include <string.h>

// Generic ids and flags.
static inline hid_t neurop_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t neurop_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t neurop_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline hsize_t neurop_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline size_t neurop_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline unsigned neurop_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned neurop_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned neurop_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned neurop_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }

// Predefined native and string types.
static inline hid_t neurop_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t neurop_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t neurop_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t neurop_H5T_NATIVE_INT16(void) { return H5T_NATIVE_INT16; }
static inline hid_t neurop_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t neurop_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t neurop_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t neurop_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t neurop_H5T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t neurop_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t neurop_H5T_C_S1(void) { return H5T_C_S1; }

// Property-list classes.
static inline hid_t neurop_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t neurop_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t neurop_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }

/// Turns off HDF5's automatic printing of error stacks for the calling thread
/// (in thread-safe builds the setting is per thread).
static inline void neurop_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

typedef struct {
    char outer[256];
    char inner[256];
} neurop_error_text;

static inline herr_t neurop_error_walker(unsigned n, const H5E_error2_t *err, void *data) {
    neurop_error_text *text = (neurop_error_text *)data;
    const char *desc = (err && err->desc) ? err->desc : "";
    if (n == 0) {
        strncpy(text->outer, desc, sizeof(text->outer) - 1);
    }
    strncpy(text->inner, desc, sizeof(text->inner) - 1);
    return 0;
}

/// Copies the outermost and innermost descriptions of the current thread's error stack, then
/// clears it. Both strings are empty when the stack is empty.
static inline void neurop_take_error(char *outer, char *inner, size_t length) {
    neurop_error_text text;
    memset(&text, 0, sizeof(text));
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, neurop_error_walker, &text);
    H5Eclear2(H5E_DEFAULT);
    if (length > 0) {
        strncpy(outer, text.outer, length - 1);
        outer[length - 1] = 0;
        strncpy(inner, text.inner, length - 1);
        inner[length - 1] = 0;
    }
}

typedef struct {
    char *buffer;
    size_t length;
    int found;
} neurop_scale_path;

static inline herr_t neurop_scale_visitor(hid_t dset, unsigned dim, hid_t scale, void *data) {
    (void)dset;
    (void)dim;
    neurop_scale_path *path = (neurop_scale_path *)data;
    if (H5Iget_name(scale, path->buffer, path->length) >= 0) {
        path->found = 1;
    }
    return 1; // stop after the first attached scale
}

/// Writes the path of the first dimension scale attached to axis `dim` of dataset `did` into
/// `buffer`. Returns 1 when a scale is attached, 0 when none is, and a negative value on error.
static inline int neurop_first_attached_scale(hid_t did, unsigned dim, char *buffer, size_t length) {
    int count = H5DSget_num_scales(did, dim);
    if (count <= 0) {
        return count;
    }
    neurop_scale_path path = {buffer, length, 0};
    int index = 0;
    if (H5DSiterate_scales(did, dim, &index, neurop_scale_visitor, &path) < 0) {
        return -1;
    }
    return path.found;
}

#endif
