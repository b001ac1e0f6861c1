#ifndef NEUROP_CFFTW_SHIM_H
#define NEUROP_CFFTW_SHIM_H
#include <fftw3.h>

/* FFTW's planner flags are macros of unsigned type; Swift imports them, but not always with the
   type the planner functions take, so they are re-exported here as plain unsigned values. */
static inline unsigned neurop_fftw_estimate(void) { return FFTW_ESTIMATE; }
static inline unsigned neurop_fftw_measure(void) { return FFTW_MEASURE; }
static inline unsigned neurop_fftw_patient(void) { return FFTW_PATIENT; }
static inline unsigned neurop_fftw_unaligned(void) { return FFTW_UNALIGNED; }
static inline unsigned neurop_fftw_destroy_input(void) { return FFTW_DESTROY_INPUT; }
static inline unsigned neurop_fftw_preserve_input(void) { return FFTW_PRESERVE_INPUT; }
#endif
