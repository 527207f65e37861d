/** File-system helpers shared by every writer in TMR: atomic writes, checksums, run directories. */
package io.tmr.core.io;
