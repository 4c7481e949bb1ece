import '@adonisjs/core/types/http'

type ParamValue = string | number | bigint | boolean

export type ScannedRoutes = {
  ALL: {
    'site.landing': { paramsTuple?: []; params?: {} }
    'site.features': { paramsTuple?: []; params?: {} }
    'site.feature': { paramsTuple: [ParamValue]; params: {'feature': ParamValue} }
    'site.pricing': { paramsTuple?: []; params?: {} }
    'site.legal': { paramsTuple: [ParamValue]; params: {'page': ParamValue} }
    'site.faq': { paramsTuple?: []; params?: {} }
    'site.support': { paramsTuple?: []; params?: {} }
  }
  GET: {
    'site.landing': { paramsTuple?: []; params?: {} }
    'site.features': { paramsTuple?: []; params?: {} }
    'site.feature': { paramsTuple: [ParamValue]; params: {'feature': ParamValue} }
    'site.pricing': { paramsTuple?: []; params?: {} }
    'site.legal': { paramsTuple: [ParamValue]; params: {'page': ParamValue} }
    'site.faq': { paramsTuple?: []; params?: {} }
    'site.support': { paramsTuple?: []; params?: {} }
  }
  HEAD: {
    'site.landing': { paramsTuple?: []; params?: {} }
    'site.features': { paramsTuple?: []; params?: {} }
    'site.feature': { paramsTuple: [ParamValue]; params: {'feature': ParamValue} }
    'site.pricing': { paramsTuple?: []; params?: {} }
    'site.legal': { paramsTuple: [ParamValue]; params: {'page': ParamValue} }
    'site.faq': { paramsTuple?: []; params?: {} }
    'site.support': { paramsTuple?: []; params?: {} }
  }
}
declare module '@adonisjs/core/types/http' {
  export interface RoutesList extends ScannedRoutes {}
}