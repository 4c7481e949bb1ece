import edge from 'edge.js'
import { themes } from '#themes/registry'
import { themeDisk } from '#services/theme_views'
import { formatMicros } from '#services/money'

/** Each theme pack's views are a named Edge disk; see themedView(). */
for (const pack of themes.values()) {
  edge.mount(themeDisk(pack.slug), pack.viewsPath)
}

edge.global('formatMicros', formatMicros)
