package paths

// StatusList is the path of a status list's versions, by the hex hash of
// its id URL (status.ListIDHash), every version or one when version is
// not empty.
func StatusList(list, version string) string { return join(NameStatusList, list, version) }

// StatusOA is the path of a registered OpenAttestation revocation store,
// by the hex hash of its id (status.StoreIDHash), or of one target's
// revocation in it when target (hex) is not empty.
func StatusOA(store, target string) string { return join(NameStatusOA, store, target) }
