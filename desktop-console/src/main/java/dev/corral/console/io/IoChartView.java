package dev.corral.console.io;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Two live line charts of one source: IOPS and throughput, read and write, over the last two
 * minutes (x is seconds before the newest reading). Animation is off: a chart that eases each
 * second's new point in spends the FX thread on nothing the operator needs.
 */
public final class IoChartView extends VBox {
    private static final double MIB = 1024.0 * 1024.0;

    private final XYChart.Series<Number, Number> readOps = series("read");
    private final XYChart.Series<Number, Number> writeOps = series("write");
    private final XYChart.Series<Number, Number> readBytes = series("read");
    private final XYChart.Series<Number, Number> writeBytes = series("write");

    public IoChartView(IoChartViewModel vm, String idPrefix) {
        setId(idPrefix + "-io");
        setSpacing(4);
        Label now = new Label();
        now.setId(idPrefix + "-io-now");
        now.textProperty().bind(vm.now());
        Label message = new Label();
        message.setId(idPrefix + "-io-message");
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.textProperty().bind(vm.message());
        LineChart<Number, Number> iops = chart("IOPS", List.of(readOps, writeOps));
        iops.setId(idPrefix + "-iops-chart");
        LineChart<Number, Number> throughput = chart("Throughput (MiB/s)", List.of(readBytes, writeBytes));
        throughput.setId(idPrefix + "-throughput-chart");
        HBox charts = new HBox(8, iops, throughput);
        HBox.setHgrow(iops, Priority.ALWAYS);
        HBox.setHgrow(throughput, Priority.ALWAYS);
        getChildren().addAll(new HBox(12, now, message), charts);
        vm.samples().addListener((ListChangeListener<IoSample>) change -> redraw(vm.samples()));
        redraw(vm.samples());
    }

    private void redraw(List<IoSample> samples) {
        long newest = samples.isEmpty() ? 0 : samples.getLast().atMillis();
        fill(readOps, samples, newest, IoSample::readOps);
        fill(writeOps, samples, newest, IoSample::writeOps);
        fill(readBytes, samples, newest, s -> s.readBytes() / MIB);
        fill(writeBytes, samples, newest, s -> s.writeBytes() / MIB);
    }

    private static void fill(
            XYChart.Series<Number, Number> series,
            List<IoSample> samples,
            long newest,
            ToDoubleFunction<IoSample> value) {
        List<XYChart.Data<Number, Number>> points = samples.stream()
                .map(s -> new XYChart.Data<Number, Number>((s.atMillis() - newest) / 1000.0, value.applyAsDouble(s)))
                .toList();
        series.getData().setAll(points);
    }

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        return series;
    }

    private static LineChart<Number, Number> chart(String title, List<XYChart.Series<Number, Number>> series) {
        NumberAxis x = new NumberAxis(-IoChartViewModel.CAPACITY, 0, 30);
        x.setLabel("seconds ago");
        x.setAutoRanging(false);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setPrefHeight(200);
        chart.setMinWidth(260);
        chart.getData().addAll(series);
        return chart;
    }
}
