// Package kit is what every domain module under x/ shares: the Context a
// message handler runs in, the Msg interface, events, small helpers for
// reading and writing canonical records, the Module a module describes
// itself with, the Accounts view the application checks signers through,
// the Registry that turns the module list into routes and query handlers
// (refusing duplicates), and the application's own meta/ keys. It holds no
// state and no module logic of its own.
package kit
