package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.AgentEfficiency;
import dev.cto.costs.analytics.TrendsReport;

/** One agent on the agents page: its efficiency, its trend (the trends API's series) and that trend drawn small. */
record AgentRow(AgentEfficiency efficiency, TrendsReport.Series trend, Sparkline sparkline) {}
