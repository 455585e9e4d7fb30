"""The profiler's events, their averages by name, and the table torch prints of them.

Times are in microseconds, as in torch. ``FunctionEvent`` is one timed call;
``FunctionEventAvg`` sums the events of one name (``key``); ``EventList.table`` lays them out
as ``torch.autograd.profiler_util`` does: the same columns, widths, units and totals.
"""


def format_time(time_us):
    """``12.345us``, ``1.234ms`` or ``1.234s``, as torch writes a time."""
    if time_us >= 1e6:
        return f"{time_us / 1e6:.3f}s"
    if time_us >= 1e3:
        return f"{time_us / 1e3:.3f}ms"
    return f"{time_us:.3f}us"


def format_share(time_us, total_us):
    if total_us == 0:
        return "NaN"
    return f"{time_us * 100.0 / total_us:.2f}%"


class _Times:
    """What an event and an average both show: times as numbers and as torch's strings."""

    # no GPU times, memory or flops are measured here: torch's zeros where it has none
    self_device_time_total = device_time_total = device_time = 0.0
    cpu_memory_usage = self_cpu_memory_usage = 0
    device_memory_usage = self_device_memory_usage = 0
    flops = 0
    is_async = False
    is_legacy = False
    is_remote = False
    node_id = -1
    overload_name = ""
    stack = None
    use_device = None

    @property
    def cpu_time(self):
        """The average time of one call."""
        return 0.0 if self.count == 0 else self.cpu_time_total / self.count

    @property
    def cpu_time_str(self):
        return format_time(self.cpu_time)

    @property
    def cpu_time_total_str(self):
        return format_time(self.cpu_time_total)

    @property
    def self_cpu_time_total_str(self):
        return format_time(self.self_cpu_time_total)

    # torch's older names for the device times
    cuda_time = property(lambda self: self.device_time)
    cuda_time_total = property(lambda self: self.device_time_total)
    self_cuda_time_total = property(lambda self: self.self_device_time_total)


class FunctionEvent(_Times):
    """One call: its name, start and end (microseconds), and the events inside it."""

    count = 1

    def __init__(self, id, name, thread, start_us, input_shapes):
        self.id, self.name, self.thread = id, name, thread
        self.start_us, self.end_us = start_us, start_us
        self.input_shapes = input_shapes
        self.cpu_parent = None
        self.cpu_children = []

    @property
    def key(self):
        return self.name

    @property
    def cpu_time_total(self):
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self):
        return self.cpu_time_total - sum(c.cpu_time_total for c in self.cpu_children)

    def __repr__(self):
        return (f"<FunctionEvent id={self.id} name={self.name} "
                f"cpu_time={self.cpu_time_total_str} input_shapes={self.input_shapes}>")


class FunctionEventAvg(_Times):
    """The events of one ``key`` (and input shapes, when grouped so), added up."""

    def __init__(self):
        self.key = None
        self.count = 0
        self.cpu_time_total = 0.0
        self.self_cpu_time_total = 0.0
        self.input_shapes = None
        self.cpu_parent = None
        self.cpu_children = None

    def add(self, other):
        if self.key is None:
            self.key = other.key
            self.input_shapes = other.input_shapes
            self.cpu_parent = other.cpu_parent
        self.count += other.count
        self.cpu_time_total += other.cpu_time_total
        self.self_cpu_time_total += other.self_cpu_time_total
        return self

    def __iadd__(self, other):
        return self.add(other)

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={self.self_cpu_time_total_str}"
                f" cpu_time={self.cpu_time_str} input_shapes={self.input_shapes}>")


class EventList(list):
    """A list of events (or of averages) that prints as torch's table."""

    def __init__(self, *args, use_device=None, profile_memory=False, with_flops=False):
        super().__init__(*args)
        self._use_device = use_device
        self._profile_memory = profile_memory
        self._with_flops = with_flops

    def key_averages(self, group_by_input_shape=False):
        """One :class:`FunctionEventAvg` per name (per name and shapes), in first-seen order."""
        groups = {}
        for evt in self:
            key = (evt.key, str(evt.input_shapes)) if group_by_input_shape else evt.key
            groups.setdefault(key, FunctionEventAvg()).add(evt)
        out = EventList(groups.values(), use_device=self._use_device,
                        profile_memory=self._profile_memory, with_flops=self._with_flops)
        if not group_by_input_shape:
            for avg in out:
                avg.input_shapes = None
        return out

    def total_average(self):
        total = FunctionEventAvg()
        for evt in self:
            total.add(evt)
        total.key = "Total"
        return total

    @property
    def self_cpu_time_total(self):
        return sum(evt.self_cpu_time_total for evt in self)

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75,
              max_name_column_width=55, max_shapes_column_width=80, header=None,
              top_level_events_only=False, time_unit=None):
        """The table torch prints: one row per event, sorted by ``sort_by`` (an attribute
        such as ``"self_cpu_time_total"``, ``"cpu_time_total"`` or ``"count"``), at most
        ``row_limit`` rows."""
        return build_table(self, sort_by, row_limit, max_name_column_width,
                           max_shapes_column_width, header, top_level_events_only, time_unit)

    def __str__(self):
        return self.table()


def _in_unit(time_us, time_unit):
    if time_unit == "s":
        return f"{time_us / 1e6:.3f}s"
    if time_unit == "ms":
        return f"{time_us / 1e3:.3f}ms"
    if time_unit == "us":
        return f"{time_us:.3f}us"
    return format_time(time_us)


def build_table(events, sort_by=None, row_limit=100, max_name_column_width=55,
                max_shapes_column_width=80, header=None, top_level_events_only=False,
                time_unit=None):
    """Torch's layout: right-aligned columns of 12 (the name's as wide as the longest name
    plus 4, at most 55), two spaces between columns, dashed rules, and the total of the
    self times under it."""
    if len(events) == 0:
        return ""
    if sort_by is not None:
        attr = sort_by.replace("cuda", "device").replace("xpu", "device")
        events = sorted(events, key=lambda e: getattr(e, attr), reverse=True)
    has_shapes = any(e.input_shapes for e in events)
    name_width = min(max(len(e.key) for e in events) + 4, max_name_column_width)
    shapes_width = min(max(len(str(e.input_shapes)) for e in events) + 4,
                       max_shapes_column_width)
    headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg",
               "# of Calls"]
    widths = [name_width] + [12] * 6
    if has_shapes:
        headers.append("Input Shapes")
        widths.append(shapes_width)
    row_format = "".join("{: >" + str(w) + "}  " for w in widths)
    rule = "".join("-" * w + "  " for w in widths)
    line_length = sum(w + 2 for w in widths) - 2

    total = sum(e.self_cpu_time_total for e in events)
    lines = []
    if header is not None:
        lines += ["=" * line_length, header]
    if top_level_events_only:
        lines += ["=" * line_length, "This report only display top-level ops statistics"]
    lines += [rule, row_format.format(*headers), rule]
    shown = 0
    for evt in events:
        if shown == row_limit:
            break
        if top_level_events_only and evt.cpu_parent is not None:
            continue
        shown += 1
        name = evt.key
        if len(name) >= max_name_column_width - 3:
            name = name[:max_name_column_width - 3] + "..."
        row = [name, format_share(evt.self_cpu_time_total, total),
               _in_unit(evt.self_cpu_time_total, time_unit),
               format_share(evt.cpu_time_total, total),
               _in_unit(evt.cpu_time_total, time_unit), _in_unit(evt.cpu_time, time_unit),
               evt.count]
        if has_shapes:
            row.append(str(evt.input_shapes)[:shapes_width])
        lines.append(row_format.format(*row))
    lines += [rule, f"Self CPU time total: {_in_unit(total, time_unit)}"]
    return "\n".join(lines) + "\n"
