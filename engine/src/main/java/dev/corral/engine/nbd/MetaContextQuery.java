package dev.corral.engine.nbd;

/**
 * The data of NBD_OPT_LIST_META_CONTEXT / NBD_OPT_SET_META_CONTEXT (export name, then a counted
 * list of length-prefixed queries), reduced to the one question this server can answer: does it
 * match {@code base:allocation}?
 *
 * @param exportName the export the contexts are for
 * @param matchesAllocation whether base:allocation is listed (LIST) or selected (SET)
 */
record MetaContextQuery(String exportName, boolean matchesAllocation) {

    /**
     * Parses and matches the queries. With no queries, LIST means "everything" and SET means
     * "nothing". The bare namespace {@code base:} is a wildcard for LIST and ignored for SET; unknown
     * namespaces and unknown {@code base:} leaves are ignored, as the spec requires. A query without
     * a namespace is semantically invalid.
     */
    static MetaContextQuery parse(OptionData data, boolean listing) {
        String exportName = data.readPrefixedString("export name");
        long queryCount = data.readUnsignedInt("number of queries");
        boolean matches = listing && queryCount == 0;
        for (long i = 0; i < queryCount; i++) {
            String query = data.readPrefixedString("query");
            int colon = query.indexOf(':');
            if (colon <= 0) {
                throw new OptionData.Malformed("query '" + query + "' does not start with a namespace and a colon");
            }
            if (query.equals(NbdProtocol.BASE_ALLOCATION) || (listing && query.equals("base:"))) {
                matches = true;
            }
        }
        data.requireFullyRead();
        return new MetaContextQuery(exportName, matches);
    }
}
