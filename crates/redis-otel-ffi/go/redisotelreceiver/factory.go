package redisotelreceiver

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/scraper"
	"go.opentelemetry.io/collector/scraper/scraperhelper"
)

// typeStr is the component type used in collector configs (`receivers: redisotel:`).
const typeStr = "redisotel"

var componentType = component.MustNewType(typeStr)

// NewFactory creates the factory of the `redisotel` receiver.
func NewFactory() receiver.Factory {
	return receiver.NewFactory(
		componentType,
		func() component.Config { return createDefaultConfig() },
		receiver.WithMetrics(createMetricsReceiver, component.StabilityLevelAlpha),
	)
}

func createMetricsReceiver(
	_ context.Context,
	set receiver.Settings,
	cfg component.Config,
	next consumer.Metrics,
) (receiver.Metrics, error) {
	c := cfg.(*Config)
	s := &libraryScraper{cfg: c, logger: set.Logger}
	sc, err := scraper.NewMetrics(s.scrape, scraper.WithStart(s.start), scraper.WithShutdown(s.shutdown))
	if err != nil {
		return nil, err
	}
	return scraperhelper.NewMetricsController(&c.ControllerConfig, set, next,
		scraperhelper.AddMetricsScraper(componentType, sc))
}
