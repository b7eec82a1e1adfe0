import COpenBLAS
// Backends: ReferenceBackend and BLASBackend.
