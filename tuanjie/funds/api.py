"""API for funds: allocations, needs, expenditures (writes through the services) and a read-only summary of a
place's subtree for a year (`/api/fund-summary/?place=<id>&year=2026`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from tuanjie.core.api import RestrictedModelViewSet, query_id, query_year, year_parameter
from tuanjie.core.focus import top_places
from tuanjie.funds import selectors, services
from tuanjie.funds.filtersets import AllocationFilterSet, ExpenditureFilterSet, NeedFilterSet
from tuanjie.funds.models import Allocation, Expenditure, FundNeed
from tuanjie.places.models import Place


class FundAllocationSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "place", "place_name", "year", "source", "source_label", "amount", "for_site",
                  "allocated_on", "document_no", "purpose"]


class FundNeedSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = FundNeed
        fields = ["id", "place", "place_name", "year", "amount", "purpose"]


class FundExpenditureSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = Expenditure
        fields = ["id", "place", "place_name", "spent_on", "amount", "source", "purpose", "activity"]


def _service_viewset(model, serializer, filterset, create, update, delete, kwarg):
    class ViewSet(RestrictedModelViewSet):
        serializer_class = serializer
        filterset_class = filterset
        select_related = ("place",)

        def perform_create(self, ser):
            ser.instance = create(by=self.request.user, **ser.validated_data)

        def perform_update(self, ser):
            ser.instance = update(by=self.request.user, **{kwarg: ser.instance}, **ser.validated_data)

        def perform_destroy(self, instance):
            delete(by=self.request.user, **{kwarg: instance})

    ViewSet.model = model
    ViewSet.__name__ = f"{model.__name__}ViewSet"
    ViewSet.__qualname__ = ViewSet.__name__
    return ViewSet


AllocationViewSet = _service_viewset(Allocation, FundAllocationSerializer, AllocationFilterSet,
                                     services.allocation_create, services.allocation_update,
                                     services.allocation_delete, "allocation")
NeedViewSet = _service_viewset(FundNeed, FundNeedSerializer, NeedFilterSet, services.need_create, services.need_update,
                               services.need_delete, "need")
ExpenditureViewSet = _service_viewset(Expenditure, FundExpenditureSerializer, ExpenditureFilterSet,
                                      services.expenditure_create, services.expenditure_update,
                                      services.expenditure_delete, "expenditure")


def _figures(figures) -> dict:
    return {
        "by_source": {code: str(amount) for code, _label, amount in figures.source_rows()},
        "allocated": str(figures.allocated), "public": str(figures.public), "self_funded": str(figures.self_funded),
        "spent": str(figures.spent), "balance": str(figures.balance), "need": str(figures.need),
        "gap": str(figures.gap), "units_self_funding": figures.units_self_funding,
        "sites_funded": figures.sites_funded,
    }


class FundSummaryViewSet(viewsets.ViewSet):
    """Figures of a place's subtree for a year, and the same per child place."""

    @extend_schema(
        parameters=[OpenApiParameter("place", {"type": "integer", "minimum": 1, "maximum": 10 ** 18 - 1},
                                     description="地区/单位编号（默认：本人所在的最高层级）"),
                    year_parameter()],
        responses=OpenApiTypes.OBJECT)
    def list(self, request):
        year = query_year(request)
        place_id = query_id(request, "place", "地区/单位")
        if place_id is not None:
            place = Place.objects.restrict(request.user).filter(pk=place_id).first()
        else:
            tops = top_places(request.user)
            place = tops[0] if tops else None
        if place is None:
            raise NotFound("没有找到该地区/单位，或您无权查看")
        rollup = selectors.fund_rollup(place, year)
        return Response({
            "place": place.pk, "place_name": place.name, "year": year,
            "total": _figures(selectors.fund_summary(place, year)),
            "children": [{"place": child.pk if child else place.pk,
                          "place_name": child.name if child else f"{place.name}（本级）", **_figures(f)}
                         for child, f in rollup],
        })


ROUTES = [
    ("fund-allocations", AllocationViewSet, "fundallocation"),
    ("fund-needs", NeedViewSet, "fundneed"),
    ("fund-expenditures", ExpenditureViewSet, "fundexpenditure"),
    ("fund-summary", FundSummaryViewSet, "fundsummary"),
]
