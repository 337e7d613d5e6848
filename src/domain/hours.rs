//! Opening hours of the station: when sessions may run. Pure: the wall-clock time comes in as
//! an argument.
