/** A run's id: its cycle's id and its number, 2015-1, or for a city's own cycle 2015-620100-1. The service's paths and the browser's addresses check it alike. */
export const RUN_ID_PATTERN = /^\d{4}(?:-\d{6})?-[1-9]\d{0,5}$/;
