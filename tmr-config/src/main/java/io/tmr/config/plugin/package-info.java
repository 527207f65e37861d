/**
 * The plugin path: jars from outside the source tree whose {@code META-INF/services} entries add
 * plugins of every kind (replay strategies, eviction policies, priority rules, GLUE/SQuAD tasks,
 * corpus sources, launchers, experiment providers). {@link io.tmr.config.plugin.Plugins} builds one
 * class loader over the jars of {@code $TMR_HOME/plugins/}, the folders of {@code TMR_PLUGIN_PATH}
 * and {@code --plugins DIR}; the CLI installs it at start and every registry loads through it
 * ({@link io.tmr.config.plugin.Plugins#load}), so a broken jar is one line naming the jar and the
 * class. {@link io.tmr.config.plugin.PluginInfo} is what a run manifest records of a plugin it used
 * (kind, name, class, jar, SHA-256).
 */
package io.tmr.config.plugin;
